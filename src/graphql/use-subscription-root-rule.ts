import { GraphQLError, type ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * The spec forbids `@skip` and `@include` on a subscription's root selection (its single field must
 * always be there); graphql-js 16 does not check it and then fails with a TypeError while subscribing.
 * This rule refuses such a document with BAD_USER_INPUT when it is validated.
 */
export const subscriptionRootDirectivesRule: ValidationRule = (context) => ({
  OperationDefinition(operation) {
    if (operation.operation !== 'subscription') return false;
    for (const selection of operation.selectionSet.selections) {
      const conditional = selection.directives?.some(
        (directive) => directive.name.value === 'skip' || directive.name.value === 'include',
      );
      if (conditional) {
        context.reportError(
          new GraphQLError('A subscription root field cannot be conditional (@skip or @include)', {
            nodes: [selection],
            extensions: { code: 'BAD_USER_INPUT' },
          }),
        );
      }
    }
    return false;
  },
});

export function useSubscriptionRootRule(): Plugin {
  return { onValidate: ({ addValidationRule }) => addValidationRule(subscriptionRootDirectivesRule) };
}
