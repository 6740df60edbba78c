import { parseArgs } from 'node:util';
import { namesMember, readAuthSecret, signToken, type Role } from '@cps/service-kit';

/**
 * `npm run token -- --member <id> | --role handler | --role admin [--as <who>] [--expires 12h]`:
 * prints a bearer token signed with AUTH_SECRET (the documented development default when unset).
 * `--as` names the handler or admin (the token's subject): their decisions are recorded under it.
 */
export async function tokenFromArgs(argv: string[], env = process.env): Promise<string> {
  // Unknown flags and stray words are errors, not silently ignored.
  const { values } = parseArgs({
    args: argv,
    options: { member: { type: 'string' }, role: { type: 'string' }, as: { type: 'string' }, expires: { type: 'string', default: '12h' } },
  });
  const { member, role, as: staff, expires } = values;
  if (member !== undefined && !namesMember(member)) throw new Error('--member takes a member id (digits), e.g. --member 1');
  if (role !== undefined && role !== 'handler' && role !== 'admin') throw new Error('--role takes handler or admin');
  if (member === undefined && role === undefined) throw new Error('usage: npm run token -- --member <id> | --role handler | --role admin [--as <who>]');
  if (staff !== undefined && (role === undefined || member !== undefined)) throw new Error('--as names a handler or admin: use it with --role, not --member');
  // At least one letter, so a staff name never reads as a member id (see namesMember).
  if (staff !== undefined && !/^(?=.*[A-Za-z])[\w.@-]{1,100}$/.test(staff)) throw new Error('--as takes a staff name with a letter, of letters, digits and . _ @ - (at most 100), e.g. --as anna.weber');
  const roles: Role[] = role ? [role] : ['member'];
  return signToken(readAuthSecret(env), { sub: member ?? staff, roles }, expires);
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
