import type { HttpRoute } from '../src/http/pipeline';

export type RouteMatch = { route: HttpRoute; params: Record<string, string> } | { allowed: string[] } | null;

/**
 * Matches a path under /api against Azure route templates (`action-items/{id}`): literal segments must be equal,
 * `{name}` takes one URL-decoded segment. Literal matches win over parameters, as in the Functions host.
 */
export function matchRoute(routes: HttpRoute[], method: string, path: string): RouteMatch {
  const segments = path.split('/').filter((s) => s !== '');
  const candidates: { route: HttpRoute; params: Record<string, string>; literals: number }[] = [];
  for (const route of routes) {
    const template = route.route.split('/');
    if (template.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    const fits = template.every((part, i) => {
      const segment = segments[i] as string;
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      if (name) {
        try {
          params[name] = decodeURIComponent(segment);
        } catch {
          return false;
        }
        return true;
      }
      literals++;
      return part.toLowerCase() === segment.toLowerCase();
    });
    if (fits) candidates.push({ route, params, literals });
  }
  if (candidates.length === 0) return null;
  candidates.sort((a, b) => b.literals - a.literals);
  const best = candidates.filter((c) => c.literals === candidates[0]?.literals);
  const hit = best.find((c) => c.route.methods.includes(method.toUpperCase() as HttpRoute['methods'][number]));
  if (hit) return { route: hit.route, params: hit.params };
  return { allowed: [...new Set(best.flatMap((c) => c.route.methods))] };
}
