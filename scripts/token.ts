// `npm run token -- --partner p1 --roles admin-agent [--sub alice] [--hours 12]`: prints a bearer token
// signed with AUTH_JWT_SECRET (or the local development secret `npm start` uses). `--roles operator` for the operator.
import { parseArgs } from 'node:util';
import { signToken, TokenClaims } from './api-client';
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
  const claims: TokenClaims = { roles, sub: values.sub };
  if (!roles.includes('operator')) {
    if (!values.partner) throw new Error('--partner is required unless --roles operator');
    claims.partnerId = values.partner;
  }
  const token = await signToken(process.env.AUTH_JWT_SECRET ?? LOCAL_JWT_SECRET, claims, `${Number(values.hours)}h`);
  process.stdout.write(`${token}\n`);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
