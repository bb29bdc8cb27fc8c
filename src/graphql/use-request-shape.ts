import { GraphQLError } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

/** Deeper variables than this are refused: graphql-js coerces them recursively and runs out of stack. */
export const MAX_VARIABLE_DEPTH = 32;

/**
 * What a request must look like before its operation runs, beyond what yoga checks:
 * - GET `variables` and `extensions` are JSON (yoga would throw a bare SyntaxError, masked as an
 *   internal error): otherwise 400 BAD_REQUEST;
 * - variables nest at most MAX_VARIABLE_DEPTH levels (a 1,000-level facet input overflowed the stack in
 *   graphql-js' coercion): otherwise BAD_USER_INPUT with `limit`, on every transport.
 */
export function useRequestShape(): Plugin {
  return {
    onRequestParse({ request, url }) {
      if (request.method !== 'GET') return;
      for (const name of ['variables', 'extensions']) {
        const raw = url.searchParams.get(name);
        if (raw === null || raw === '') continue;
        if (!isJsonObject(raw)) {
          throw createGraphQLError(`The ${name} parameter is not a JSON object`, {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
      }
    },
    onExecute({ args, setResultAndStopExecution }) {
      const error = variablesTooDeep(args.variableValues);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = variablesTooDeep(args.variableValues);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}

function isJsonObject(raw: string): boolean {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

function variablesTooDeep(variables: unknown): GraphQLError | null {
  if (depthOver(variables, MAX_VARIABLE_DEPTH)) {
    return new GraphQLError(`Variables nest deeper than ${MAX_VARIABLE_DEPTH} levels`, {
      extensions: { code: 'BAD_USER_INPUT', field: 'variables', limit: MAX_VARIABLE_DEPTH },
    });
  }
  return null;
}

/** Whether `value` nests more than `max` objects or arrays deep; iterative, so it cannot overflow. */
function depthOver(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() ?? [null, 0];
    if (typeof current !== 'object' || current === null) continue;
    if (depth > max) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}
