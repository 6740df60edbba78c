import { parseArgs } from 'node:util';
import { readAuthSecret, signToken, type Role } from '@cps/service-kit';

/**
 * `npm run token -- --member <id> | --role handler | --role admin [--expires 12h]`: prints a bearer
 * token signed with AUTH_SECRET (the documented development default when unset).
 */
export async function tokenFromArgs(argv: string[], env = process.env): Promise<string> {
  // Unknown flags and stray words are errors, not silently ignored.
  const { values } = parseArgs({
    args: argv,
    options: { member: { type: 'string' }, role: { type: 'string' }, expires: { type: 'string', default: '12h' } },
  });
  const { member, role, expires } = values;
  if (member !== undefined && !/^\d+$/.test(member)) throw new Error('--member takes a member id (digits), e.g. --member 1');
  if (role !== undefined && role !== 'handler' && role !== 'admin') throw new Error('--role takes handler or admin');
  if (member === undefined && role === undefined) throw new Error('usage: npm run token -- --member <id> | --role handler | --role admin');
  const roles: Role[] = role ? [role] : ['member'];
  return signToken(readAuthSecret(env), { sub: member, roles }, expires);
}

if (require.main === module) {
  tokenFromArgs(process.argv.slice(2)).then(
    (token) => console.log(token),
    (error: Error) => {
      console.error(error.message);
      process.exit(2);
    },
  );
}
