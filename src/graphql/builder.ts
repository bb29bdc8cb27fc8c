import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin, { type AuthFailure, AuthScopeFailureType } from '@pothos/plugin-scope-auth';
import { DateTimeResolver } from 'graphql-scalars';
import type { Scope } from '../auth/scopes.js';
import { ForbiddenError } from '../errors.js';
import type { GraphQLContext } from './context.js';

/** The schema builder's types: the request context, scopes and scalars. */
export interface GatewaySchemaTypes {
  Context: GraphQLContext;
  DefaultFieldNullability: false;
  /** `scope`: the caller holds it; `authenticated`: any caller (authentication ran before parsing). */
  AuthScopes: { scope: Scope; authenticated: boolean };
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
  };
}

export type GatewayTypes = PothosSchemaTypes.ExtendDefaultTypes<GatewaySchemaTypes>;
export type GatewayBuilder = PothosSchemaTypes.SchemaBuilder<GatewayTypes>;

/**
 * A builder with the gateway's configuration only (plugins, scopes, scalars, root types). Each gateway
 * builds its schema with a builder of its own, from its vendor modules: the core types (./types) and
 * every vendor's types are registered on it.
 */
export function createBuilder(): GatewayBuilder {
  const builder = new SchemaBuilder<GatewaySchemaTypes>({
    // Relay first, so that scope checks see decoded ids; scope-auth before anything that wraps resolvers.
    plugins: [RelayPlugin, ScopeAuthPlugin],
    defaultFieldNullability: false,
    relay: {
      cursorType: 'String',
      nodesQueryOptions: false,
      // `node` is defined with the task types (types/task.ts): it answers null for malformed ids.
      nodeQueryOptions: false,
    },
    scopeAuth: {
      // Checked when a subscription starts, not only when its first event is resolved.
      authorizeOnSubscribe: true,
      authScopes: (ctx) => ({ scope: (scope) => ctx.caller.scopes.has(scope), authenticated: true }),
      unauthorizedError: (_parent, _ctx, info, result) => {
        const scope = missingScope(result.failure) ?? 'a scope the caller lacks';
        return new ForbiddenError(
          scope,
          `${info.parentType.name}.${info.fieldName} needs the scope ${scope}`,
        );
      },
    },
  });
  builder.addScalarType('DateTime', DateTimeResolver);
  builder.queryType({});
  builder.mutationType({});
  builder.subscriptionType({});
  return builder;
}

/** The scope a failed check asked for (`{ scope: 'tasks:write' }` fails inside an "any of" group). */
function missingScope(failure: AuthFailure): string | null {
  if (failure.kind === AuthScopeFailureType.AuthScope) return String(failure.parameter);
  if (
    failure.kind === AuthScopeFailureType.AnyAuthScopes ||
    failure.kind === AuthScopeFailureType.AllAuthScopes
  ) {
    for (const inner of failure.failures) {
      const scope = missingScope(inner);
      if (scope) return scope;
    }
  }
  return null;
}
