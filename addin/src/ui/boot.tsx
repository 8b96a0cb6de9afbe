import type { Root } from 'react-dom/client';
import { ThemedRoot } from './theme';

/** What a page shows when it cannot start at all (no configuration, the host did not answer). */
export function renderStartupFailure(root: Root, error: unknown): void {
  root.render(
    <ThemedRoot host={null}>
      <p role="alert" style={{ padding: 16 }}>
        Followthrough could not start: {error instanceof Error ? error.message : String(error)}. Reload to try again.
      </p>
    </ThemedRoot>,
  );
}
