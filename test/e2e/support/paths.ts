import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
export const RESULTS_DIR = join(REPO_ROOT, 'test-results');
