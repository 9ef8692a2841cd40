// `npm run token -- --partner p1 --roles admin-agent [--sub alice] [--hours 12]`: prints a bearer token
// signed with AUTH_JWT_SECRET (or the local development secret `npm start` uses). `--roles operator` for the operator.
import { SignJWT } from 'jose';
import { parseArgs } from 'node:util';
import { LOCAL_JWT_SECRET } from './dev-defaults';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      partner: { type: 'string' },
      roles: { type: 'string', default: 'admin-agent' },
      sub: { type: 'string', default: 'local-user' },
      hours: { type: 'string', default: '12' },
    },
  });
  const roles = (values.roles ?? '').split(',').filter(Boolean);
  const claims: Record<string, unknown> = { roles };
  if (!roles.includes('operator')) {
    if (!values.partner) throw new Error('--partner is required unless --roles operator');
    claims.partnerId = values.partner;
  }
  const secret = new TextEncoder().encode(process.env.AUTH_JWT_SECRET ?? LOCAL_JWT_SECRET);
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(values.sub ?? 'local-user')
    .setIssuedAt()
    .setExpirationTime(`${Number(values.hours)}h`)
    .sign(secret);
  process.stdout.write(`${token}\n`);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
