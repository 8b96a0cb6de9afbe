import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { Problem } from '../../ui/Problem';
import type { SaveState } from './useCapture';

/** Where the save stands: waiting (kept on this device), refused (with what to fix), or saved. */
export function SaveBanner({ state, onRetry }: { state: SaveState; onRetry: () => void }) {
  if (state.kind === 'waiting') {
    return (
      <MessageBar intent="warning" layout="multiline" role="status">
        <MessageBarBody>
          <MessageBarTitle>Not saved yet</MessageBarTitle>
          {state.reason}
        </MessageBarBody>
        <MessageBarActions>
          <Button size="small" onClick={onRetry}>
            Try now
          </Button>
        </MessageBarActions>
      </MessageBar>
    );
  }
  if (state.kind === 'refused') {
    const fields = state.fieldErrors.map((e) => `${e.path}: ${e.message}`).join('; ');
    return <Problem title="Not saved" detail={fields ? `${state.message} (${fields})` : state.message} />;
  }
  if (state.kind === 'saved') {
    return (
      <MessageBar intent="success" role="status">
        <MessageBarBody>
          Saved {state.count} {state.count === 1 ? 'item' : 'items'}. Followthrough will chase them.
        </MessageBarBody>
      </MessageBar>
    );
  }
  return null;
}
