import { describe, expect, it } from 'vitest';
import { defaultSchema } from '../../src/graphql/default-schema.js';

const schema = defaultSchema();

/** What each root field demands, as the scope-auth plugin reads it from the field's options. */
function scopesOf(typeName: 'Query' | 'Mutation' | 'Subscription'): Record<string, unknown> {
  const type = schema.getType(typeName);
  if (!type || !('getFields' in type)) throw new Error(`no ${typeName}`);
  return Object.fromEntries(
    Object.values(type.getFields()).map((field) => {
      const options = field.extensions?.pothosOptions as { authScopes?: unknown } | undefined;
      return [field.name, options?.authScopes ?? null];
    }),
  );
}

describe('scopes on every root field', () => {
  it('every query, mutation and subscription field names the scope it needs', () => {
    expect(scopesOf('Query')).toEqual({
      node: { scope: 'tasks:read' },
      task: { scope: 'tasks:read' },
      tasks: { scope: 'tasks:read' },
      patentSearch: { scope: 'search' },
      vendors: { authenticated: true },
    });
    const mutations = scopesOf('Mutation');
    expect(Object.keys(mutations).length).toBeGreaterThanOrEqual(7);
    for (const [name, scopes] of Object.entries(mutations))
      expect([name, scopes]).toEqual([name, { scope: 'tasks:write' }]);
    expect(scopesOf('Subscription')).toEqual({
      taskUpdated: { scope: 'tasks:read' },
      tasksUpdated: { scope: 'tasks:read' },
    });
  });
});
