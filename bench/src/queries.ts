import { DASHBOARD_QUERY } from '@cps/testing';

export { DASHBOARD_QUERY };

/** The dashboard's selection of `me`, as a fragment on any Member. */
const meOpens = DASHBOARD_QUERY.indexOf('me {') + 'me {'.length;
const meCloses = DASHBOARD_QUERY.lastIndexOf('}', DASHBOARD_QUERY.lastIndexOf('}') - 1);
const MEMBER_FIELDS = `fragment DashboardFields on Member {${DASHBOARD_QUERY.slice(meOpens, meCloses)}}`;

/**
 * A list of members with the dashboard's fields (what a handler's page of members would ask):
 * the contract has no list query, so one `member(id:)` field per member, aliased, in one request.
 */
export function memberListQuery(ids: number[]): string {
  const fields = ids.map((id) => `  m${id}: member(id: "${id}") { ...DashboardFields }`).join('\n');
  return `query MemberList {\n${fields}\n}\n${MEMBER_FIELDS}`;
}

export interface MemberList {
  query: string;
  /** How the list is asked, for the report. */
  shape: string;
}

interface IntrospectedField {
  name: string;
  args: Array<{ name: string; type: { kind: string; name: string | null; ofType: { name: string | null } | null } }>;
  type: { kind: string; name: string | null; ofType: { kind: string; name: string | null; ofType: { kind: string; name: string | null; ofType: { name: string | null } | null } | null } | null };
}

/** The member a list-typed field returns, through NON_NULL and LIST wrappers. */
function listOf(type: IntrospectedField['type']): string | null {
  let t: any = type;
  let list = false;
  while (t && (t.kind === 'NON_NULL' || t.kind === 'LIST')) {
    if (t.kind === 'LIST') list = true;
    t = t.ofType;
  }
  return list && t ? t.name : null;
}

/**
 * A list of 100 members with the dashboard's fields. If the API has a list field of members that
 * takes `first`, `limit` or `ids`, that field; otherwise 100 aliased `member(id:)` fields (the
 * contract has no list query) — which Apollo's planner turns into one catalogue and one regions
 * fetch per alias, so the report shows the gateway's fetch count beside the statement count.
 */
export async function memberList(gatewayUrl: string /* one that answers introspection */, token: string, ids: number[]): Promise<MemberList> {
  const response = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: '{ __type(name: "Query") { fields { name args { name type { kind name ofType { name } } } type { kind name ofType { kind name ofType { kind name ofType { name } } } } } } }',
    }),
  });
  const fields: IntrospectedField[] = ((await response.json()) as any)?.data?.__type?.fields ?? [];
  for (const field of fields.filter((f) => listOf(f.type) === 'Member')) {
    const arg = (name: string) => field.args.find((a) => a.name === name);
    const argument = arg('ids') ? `ids: [${ids.map((id) => `"${id}"`).join(', ')}]` : arg('first') ? `first: ${ids.length}` : arg('limit') ? `limit: ${ids.length}` : null;
    if (!argument) continue;
    return {
      query: `query MemberList {\n  list: ${field.name}(${argument}) { ...DashboardFields }\n}\n${MEMBER_FIELDS}`,
      shape: `${field.name}(${argument.startsWith('ids') ? 'ids: [100 ids]' : argument})`,
    };
  }
  return { query: memberListQuery(ids), shape: `${ids.length} aliased member(id:) fields` };
}

/** The members a list answer holds, whichever shape it was asked in. */
export const membersIn = (data: Record<string, unknown> | undefined): unknown[] =>
  Array.isArray(data?.list) ? (data!.list as unknown[]) : Object.values(data ?? {}).filter(Boolean);
