import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-test-'));
  dirs.push(dir);
  return dir;
}

/** A database path in a fresh directory that removeTempDirs() deletes. */
export function tempDatabasePath(): string {
  return join(tempDir(), 'gateway.db');
}

/** Writes a TENANTS_FILE (an object, or raw text for files that must be refused) and returns its path. */
export function tenantsFile(content: unknown): string {
  const path = join(tempDir(), 'tenants.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
