// Shared test setup: unmount React trees between tests (no vitest globals, so cleanup is explicit).
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => cleanup());
