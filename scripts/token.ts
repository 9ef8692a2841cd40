// `npm run token -- --partner p1 --roles admin-agent [--sub alice] [--hours 12]`: prints a bearer token
// signed with AUTH_JWT_SECRET (or the local development secret `npm start` uses). `--roles operator` for the operator.
import { parseArgs } from 'node:util';
import { ROLES } from '../libs/domain/src/auth/role.policy';
import { signToken, TokenClaims } from './api-client';
import { LOCAL_JWT_SECRET } from './dev-defaults';

const HELP = `Usage: npm run -s token -- [--partner <partnerId>] [--roles <role,...>] [--sub <userId>] [--hours <n>]

Prints an HS256 bearer token signed with AUTH_JWT_SECRET (else the local development secret of npm start).

  --partner  the partner the user belongs to (required unless --roles operator)
  --roles    comma-separated, of: ${ROLES.join(', ')} (default admin-agent);
             operator alone, without --partner, for the platform operator
  --sub      the user id (default local-user)
  --hours    lifetime in hours (default 12)
  --help     this text
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      partner: { type: 'string' },
      roles: { type: 'string', default: 'admin-agent' },
      sub: { type: 'string', default: 'local-user' },
      hours: { type: 'string', default: '12' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const roles = (values.roles ?? '').split(',').filter(Boolean);
  const unknown = roles.filter((role) => !(ROLES as readonly string[]).includes(role));
  if (roles.length === 0 || unknown.length > 0) throw new Error(`--roles: unknown role ${unknown.join(', ') || '(none given)'}; one or more of ${ROLES.join(', ')}`);
  if (roles.includes('operator') && (roles.length > 1 || values.partner)) throw new Error('--roles operator stands alone, without --partner');
  const hours = Number(values.hours);
  if (!Number.isFinite(hours) || hours <= 0) throw new Error('--hours must be a positive number');
  const claims: TokenClaims = { roles, sub: values.sub };
  if (!roles.includes('operator')) {
    if (!values.partner) throw new Error('--partner is required unless --roles operator');
    claims.partnerId = values.partner;
  }
  const token = await signToken(process.env.AUTH_JWT_SECRET ?? LOCAL_JWT_SECRET, claims, `${hours}h`);
  process.stdout.write(`${token}\n`);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
