import type { ExecutionResult, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { badVariableError } from './error-masking.js';

function withCodes(result: ExecutionResult): ExecutionResult | null {
  if (!result.errors?.length) return null;
  let changed = false;
  const errors = result.errors.map((error) => {
    const coded = badVariableError(error as GraphQLError);
    if (coded) changed = true;
    return coded ?? error;
  });
  return changed ? { ...result, errors } : null;
}

function isExecutionResult(value: unknown): value is ExecutionResult {
  return typeof value === 'object' && value !== null && !(Symbol.asyncIterator in value);
}

/**
 * graphql-js coerces variables inside execute/subscribe and yoga passes its errors through
 * uncoded; this gives them BAD_USER_INPUT and the input path, on every transport (all of them run
 * the enveloped execute/subscribe).
 */
export function useBadVariableCodes(): Plugin {
  return {
    onExecute: () => ({
      onExecuteDone: ({ result, setResult }) => {
        if (!isExecutionResult(result)) return;
        const coded = withCodes(result);
        if (coded) setResult(coded);
      },
    }),
    onSubscribe: () => ({
      onSubscribeResult: ({ result, setResult }) => {
        if (!isExecutionResult(result)) return;
        const coded = withCodes(result);
        if (coded) setResult(coded);
      },
    }),
  };
}
