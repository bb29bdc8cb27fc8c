import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import {
  type ASTNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { Plugin, YogaInitialContext } from 'graphql-yoga';

/**
 * Limits every operation must fit before anything executes (contract: "Limits and idempotency").
 * Tokens are counted while parsing; the others are validation rules, so they apply on HTTP, SSE and
 * graphql-ws alike (graphql-ws runs the enveloped `parse` and `validate`).
 */
export interface OperationLimits {
  /** Field nesting of the response (fragments and inline fragments are not levels). */
  maxDepth: number;
  /** Aliased fields of an operation, fragments counted once per use (`__typename` is free). */
  maxAliases: number;
  /** Lexical tokens of the whole document (parsing stops at the first one over). */
  maxTokens: number;
  /** Directives of an operation, fragments counted once per use. */
  maxDirectives: number;
  /** Vendor calls an operation can cause: see vendorCallCost. */
  maxVendorCalls: number;
}

/**
 * - maxDepth 12: the deepest legitimate selection is a two-level facet search (patentSearch › facets ›
 *   buckets › facets › buckets › value: 6 fields); task reads are 5 at most (tasks › edges › node ›
 *   history › status). 12 leaves room for client-side wrappers and refuses recursion through the facet
 *   types (`facets` nested 13 times is 15 deep). Introspection (`__schema`) is not counted: GraphiQL's own
 *   query is 15 deep (graphql-js' ofType chain), and graphql-js' MaxIntrospectionDepthRule (one of its
 *   specified rules since 16.9) already refuses the cycles that make introspection answers explode
 *   (fields › type › fields …, possibleTypes › interfaces …).
 * - maxAliases 30: a page that reads a couple of dozen tasks by id in one request fits; alias floods
 *   (thousands of copies of one field) do not. Vendor calls are bounded separately, however aliased.
 * - maxTokens 1,000 (armor's default): GraphiQL's introspection with every option is 184 tokens, the
 *   largest test document (PatentSearch with its fragment) 107. Parsing stops at token 1,001, however
 *   large the body. The worst document that fits (one field repeated ~250 times) still costs tens of
 *   milliseconds of validation, because graphql-js' field-merging check is quadratic: lower this
 *   before raising it.
 * - maxDirectives 20: only @include and @skip are executable here and real operations use a handful;
 *   directive floods are refused long before they cost anything.
 * - maxVendorCalls 5: PATSNAP_QPS defaults to 5, so one operation may use at most one second of the
 *   default PatSnap budget. A search with its patent list is 2, the three-page test document 4.
 */
export const DEFAULT_OPERATION_LIMITS: OperationLimits = Object.freeze({
  maxDepth: 12,
  maxAliases: 30,
  maxTokens: 1000,
  maxDirectives: 20,
  maxVendorCalls: 5,
});

type LimitName = 'depth' | 'aliases' | 'tokens' | 'directives' | 'vendorCalls';

/** The contract's shape: BAD_USER_INPUT with the broken limit, answered with HTTP 400. */
export function operationLimitError(
  name: LimitName,
  limit: number,
  message: string,
  nodes?: readonly ASTNode[],
): GraphQLError {
  return new GraphQLError(message, {
    nodes,
    extensions: { code: 'BAD_USER_INPUT', field: name, limit, http: { status: 400 } },
  });
}

/** armor's messages end in "found N." (exposeLimits, on by default); tokens stop at the first one over. */
function found(error: GraphQLError): number | null {
  const match = /found (\d+)/.exec(error.message);
  return match ? Number(match[1]) : null;
}

type ArmorReject = (context: ValidationContext | null, error: GraphQLError) => void;

/**
 * armor throws its own error ("Syntax Error: …", no code) out of `validate` by default, which also
 * stops every other rule. With `propagateOnRejection: false` this handler reports ours through the
 * validation context instead; the token limit runs in the parser, without a context, so it throws.
 */
function reject(name: LimitName, limit: number, describe: (found: number | null) => string): ArmorReject {
  return (context, error) => {
    const limitError = operationLimitError(name, limit, describe(found(error)));
    if (!context) throw limitError;
    context.reportError(limitError);
  };
}

const count = (n: number | null, limit: number, what: string) =>
  n === null
    ? `This operation has more than ${limit} ${what}; the limit is ${limit}`
    : `This operation has ${n} ${what}; the limit is ${limit}`;

/**
 * The limits as yoga plugins: tokens while parsing (armor's parser), depth, aliases and directives
 * (armor's rules) and vendor calls (maxVendorCallsRule) while validating. Refused operations answer
 * BAD_USER_INPUT with `limit`, `field` (which limit) and HTTP 400, before any resolver runs.
 */
export function useOperationLimits(limits: OperationLimits): Plugin[] {
  const { maxDepth, maxAliases, maxTokens, maxDirectives, maxVendorCalls } = limits;
  return [
    maxTokensPlugin<YogaInitialContext>({
      n: maxTokens,
      onReject: [reject('tokens', maxTokens, () => count(null, maxTokens, 'tokens'))],
    }),
    maxDepthPlugin<YogaInitialContext>({
      n: maxDepth,
      // Depth of the response: fragments and inline fragments are not levels of their own.
      flattenFragments: true,
      ignoreIntrospection: true,
      propagateOnRejection: false,
      onReject: [
        reject('depth', maxDepth, (depth) =>
          depth === null
            ? `Query depth exceeds the limit ${maxDepth}`
            : `Query depth ${depth} exceeds the limit ${maxDepth}`,
        ),
      ],
    }),
    maxAliasesPlugin<YogaInitialContext>({
      n: maxAliases,
      propagateOnRejection: false,
      onReject: [reject('aliases', maxAliases, (n) => count(n, maxAliases, 'aliases'))],
    }),
    maxDirectivesPlugin<YogaInitialContext>({
      n: maxDirectives,
      propagateOnRejection: false,
      onReject: [reject('directives', maxDirectives, (n) => count(n, maxDirectives, 'directives'))],
    }),
    { onValidate: ({ addValidationRule }) => addValidationRule(maxVendorCallsRule(maxVendorCalls)) },
  ];
}

// ---- vendor-call cost ----

/**
 * A validation rule: every operation of the document must cost at most `max` vendor calls (each is
 * checked: validation does not know which one will run).
 */
export function maxVendorCallsRule(max: number): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      const cost = operationCost(
        context.getSchema(),
        operation,
        (name) => context.getFragment(name) ?? undefined,
      );
      if (cost > max) {
        context.reportError(
          operationLimitError(
            'vendorCalls',
            max,
            `This operation would make ${cost} vendor calls; the limit is ${max}`,
            [operation],
          ),
        );
      }
      return false;
    },
  });
}

/** The extension a field declares its vendor calls in: `t.field({ extensions: { [VENDOR_CALLS]: 1 } })`. */
export const VENDOR_CALLS = 'vendorCalls';

/**
 * The vendor calls an operation can cause, from what each field declares where it is defined
 * (`extensions.vendorCalls`: a search, a patent page, a start, a track, a refresh; everything that
 * reads the store or listens costs 0). Every occurrence counts: aliases multiply, a fragment counts
 * once per spread, inline fragments and conditional (@skip/@include) selections count as if selected.
 * That is an upper bound: graphql-js merges identical response keys and the patents loader
 * de-duplicates identical pages.
 *
 * With `operationName`, the cost of that operation (0 when there is none of that name); without, of
 * the only operation, or the largest when there are several.
 */
export function vendorCallCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string | null,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    else if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
  }
  const getFragment = (name: string) => fragments.get(name);
  if (operationName) {
    const operation = operations.find((op) => op.name?.value === operationName);
    return operation ? operationCost(schema, operation, getFragment) : 0;
  }
  return operations.reduce((max, op) => Math.max(max, operationCost(schema, op, getFragment)), 0);
}

type GetFragment = (name: string) => FragmentDefinitionNode | undefined;

function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  getFragment: GetFragment,
): number {
  // A fragment's cost depends on its type condition alone: memoized per fragment, so fragments that
  // spread each other many times cost linear time, not exponential. Fragments on the current path are
  // skipped: cycles are a validation error anyway.
  const memo = new Map<string, number>();
  const onPath = new Set<string>();
  const typeNamed = (name: string | undefined, fallback: GraphQLNamedType | undefined) =>
    name === undefined ? fallback : schema.getType(name);

  const selectionSetCost = (set: SelectionSetNode, parent: GraphQLNamedType | undefined): number => {
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const field = parent && 'getFields' in parent ? parent.getFields()[selection.name.value] : undefined;
        const own = Number(field?.extensions?.[VENDOR_CALLS] ?? 0);
        const child = field ? getNamedType(field.type) : undefined;
        cost += own + (selection.selectionSet ? selectionSetCost(selection.selectionSet, child) : 0);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        cost += selectionSetCost(
          selection.selectionSet,
          typeNamed(selection.typeCondition?.name.value, parent),
        );
      } else {
        const name = selection.name.value;
        const known = memo.get(name);
        if (known !== undefined) {
          cost += known;
          continue;
        }
        const fragment = getFragment(name);
        if (!fragment || onPath.has(name)) continue;
        onPath.add(name);
        const fragmentCost = selectionSetCost(
          fragment.selectionSet,
          schema.getType(fragment.typeCondition.name.value),
        );
        onPath.delete(name);
        memo.set(name, fragmentCost);
        cost += fragmentCost;
      }
    }
    return cost;
  };

  return selectionSetCost(operation.selectionSet, schema.getRootType(operation.operation) ?? undefined);
}
