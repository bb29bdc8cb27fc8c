import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ManifestError, parseManifest } from '../graphql/persisted-documents.js';

/**
 * The task console at GET /console: a page bundled by `npm run build:console` into dist/console-assets/
 * (console/ holds its source). This module sits in src/console/ and, compiled, in dist/console/, so the
 * same relative path finds the assets whether the gateway runs from src (tsx, vitest) or from dist.
 * Everything is read once at start and served from memory, same-origin, under a strict CSP.
 */
export const CONSOLE_ASSETS = new URL('../../dist/console-assets/', import.meta.url);

const FILES = {
  '/console/console.js': { file: 'console.js', type: 'text/javascript; charset=utf-8' },
  '/console/console.css': { file: 'console.css', type: 'text/css; charset=utf-8' },
} as const;

/**
 * Same-origin only: the page's script, styles and GraphQL calls (HTTP and graphql-ws, which CSP `'self'`
 * covers) come from the gateway. Download links are navigations, which CSP does not restrict.
 */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

export interface ConsoleOptions {
  /** The gateway runs trusted documents: the page sends ids instead of text. */
  persistedDocuments: boolean;
  /** Callers need a key or token (not AUTH=none): the page asks for one. */
  authRequired: boolean;
  /** Where the built assets are; default: dist/console-assets/. */
  assets?: URL;
}

export interface ConsoleAssets {
  /** The console's own trusted documents (its manifest), or null when the console is not built. */
  readonly manifest: ReadonlyMap<string, string> | null;
  /** Answers GET /console and its assets; false for any other path. */
  route(path: string, req: IncomingMessage, res: ServerResponse): boolean;
}

function read(dir: URL, file: string): string | null {
  try {
    return readFileSync(new URL(file, dir), 'utf8');
  } catch {
    return null;
  }
}

/**
 * Loads the built console. Not built (a fresh clone before `npm run build`): /console says how to build
 * it, and the rest of the gateway runs as usual. A built manifest that does not check out is a broken
 * build and stops start-up.
 */
export function loadConsole(options: ConsoleOptions): ConsoleAssets {
  const dir = options.assets ?? CONSOLE_ASSETS;
  const html = read(dir, 'index.html');
  const bodies = new Map<string, { body: string; type: string }>();
  for (const [path, { file, type }] of Object.entries(FILES)) {
    const body = read(dir, file);
    if (body !== null) bodies.set(path, { body, type });
  }
  const manifestJson = read(dir, 'persisted-documents.json');
  let manifest: Map<string, string> | null = null;
  if (manifestJson !== null) {
    try {
      manifest = parseManifest(manifestJson);
    } catch (error) {
      if (error instanceof ManifestError) {
        throw new Error(
          `console assets: persisted-documents.json ${error.message}; run npm run build:console`,
        );
      }
      throw error;
    }
  }
  const page =
    html
      ?.replace('{{persisted}}', options.persistedDocuments ? 'on' : 'off')
      .replace('{{auth}}', options.authRequired ? 'key' : 'none') ?? null;

  return {
    manifest,
    route(path, req, res) {
      if (path !== '/console' && path !== '/console/' && !path.startsWith('/console/')) return false;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
        res.end('Method not allowed\n');
        return true;
      }
      if (page === null || bodies.size < Object.keys(FILES).length) {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
        res.end('The console is not built: run npm run build (or npm run build:console) and restart.\n');
        return true;
      }
      const asset =
        path === '/console' || path === '/console/'
          ? { body: page, type: 'text/html; charset=utf-8' }
          : bodies.get(path);
      if (!asset) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
        res.end('Not found\n');
        return true;
      }
      res.writeHead(200, { 'content-type': asset.type, ...SECURITY_HEADERS });
      res.end(req.method === 'HEAD' ? undefined : asset.body);
      return true;
    },
  };
}
