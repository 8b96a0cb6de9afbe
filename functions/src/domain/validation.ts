import type { z } from 'zod';
import { type FieldIssue, InvalidInput } from './errors';

/** Turns zod's issues into field issues with dotted paths; unknown fields are named one by one. */
export function fieldIssues(error: z.ZodError, prefix = ''): FieldIssue[] {
  const join = (path: PropertyKey[]) => [prefix, ...path.map(String)].filter((p) => p !== '').join('.');
  return error.issues.flatMap((issue): FieldIssue[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: join([...issue.path, key]), message: 'Unknown field' }));
    }
    return [{ path: join(issue.path), message: issue.message }];
  });
}

/** Parses input with a schema or throws InvalidInput naming every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new InvalidInput(fieldIssues(result.error, prefix));
  return result.data;
}
