import { z } from 'zod';

/**
 * The pieces environment variables are described with, by the gateway's own configuration and by
 * each vendor module alike. Every variable carries its meaning (and, where the default is not a plain
 * value, how to show it): the README's configuration table is generated from them.
 */

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface EnvMeta {
  /** What the variable means, for the README's table (Markdown). */
  description: string;
  /** How to show the default when it is not the schema's own `.default()`, e.g. "`off` in production". */
  shownDefault?: string;
}

/** Attaches the README's description to a variable's schema. */
export function described<Schema extends z.ZodType>(schema: Schema, meta: EnvMeta): Schema {
  return schema.meta({
    description: meta.description,
    ...(meta.shownDefault ? { shownDefault: meta.shownDefault } : {}),
  });
}

export const intIn = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`);

export const positiveNumber = z
  .string()
  .trim()
  .transform(Number)
  .refine((n) => Number.isFinite(n) && n > 0, 'must be a positive number');

export const absoluteUrl = z.string().trim().url('must be an absolute URL');

/** A secret or an identifier: any non-empty text. */
export const text = z.string().trim().min(1, 'must not be empty');

/** The first problem of a failed parse, as the one line start-up prints: `VARIABLE: what is wrong`. */
export function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${String(issue?.path[0] ?? 'environment')}: ${issue?.message ?? 'invalid value'}`;
}

/** Both or neither: a key id without its secret is a mistake. */
export function requireBoth(nameA: string, a: unknown, nameB: string, b: unknown): void {
  if (Boolean(a) !== Boolean(b))
    throw new ConfigError(`${nameB}: ${nameA} and ${nameB} must be set together`);
}

/** A set of environment variables: name -> its schema (described). */
export type EnvShape = Record<string, z.ZodType>;

/** One row of the README's configuration table. */
export interface EnvRow {
  name: string;
  default: string;
  description: string;
}

/** The documentation of every variable of `shape`, in its order. */
export function envRows(shape: EnvShape): EnvRow[] {
  return Object.entries(shape).map(([name, schema]) => {
    const meta = schema.meta() ?? {};
    const description = typeof meta.description === 'string' ? meta.description : '';
    if (!description) throw new Error(`${name} has no description`);
    const shown = typeof meta.shownDefault === 'string' ? meta.shownDefault : defaultOf(schema);
    return { name, default: shown, description };
  });
}

function defaultOf(schema: z.ZodType): string {
  if (schema instanceof z.ZodDefault) {
    const value: unknown = schema.def.defaultValue;
    return `\`${String(value)}\``;
  }
  return 'unset';
}
