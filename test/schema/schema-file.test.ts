import { readFileSync } from 'node:fs';
import { buildSchema, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { defaultSchema } from '../../src/graphql/default-schema.js';
import { printSortedSchema } from '../../src/graphql/schema.js';

const committed = readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8');

describe('schema/schema.graphql', () => {
  it('is exactly what `npm run schema` prints from the code', () => {
    expect(committed).toBe(printSortedSchema(defaultSchema()));
  });

  it('holds the contract names', () => {
    const schema = buildSchema(committed);
    const fields = (name: string) => {
      const type = schema.getType(name);
      return isObjectType(type) ? Object.keys(type.getFields()) : [];
    };
    expect(fields('Query')).toEqual(expect.arrayContaining(['node', 'task', 'tasks', 'vendors']));
    expect(fields('Mutation')).toEqual(
      expect.arrayContaining(['startPatentExport', 'trackTask', 'refreshTask', 'cancelTask']),
    );
    expect(fields('Subscription')).toEqual(expect.arrayContaining(['taskUpdated', 'tasksUpdated']));
    expect(schema.getType('ExportTask')).toBeDefined();
    expect(schema.getType('PatentExportTask')).toBeDefined();
    expect(schema.getType('DateTime')).toBeDefined();
  });
});
