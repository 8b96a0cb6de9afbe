import { Button, Input, makeStyles, Menu, MenuItem, MenuItemCheckbox, MenuList, MenuPopover, MenuTrigger } from '@fluentui/react-components';
import { dateInputValue } from '../../ui/format';
import type { EntryLineProps } from './EntryLine';
import { TAG_CHOICES } from './tags';

const useStyles = makeStyles({
  chips: { display: 'flex', flexWrap: 'wrap', gap: '4px', alignItems: 'center' },
  date: { width: '150px' },
});

/** The chips under a line: what it understood, each a control to change it. Loaded after the first paint. */
export default function EntryChips({ index, resolved, owners, quickDates, timeZone, dueHourFor, onChange, onRemove }: Omit<EntryLineProps, 'focusRequest' | 'readOnly' | 'onEnter' | 'onSubmit'>) {
  const styles = useStyles();
  const label = `Action item ${index + 1}`;
  return (
    <div className={styles.chips} aria-label={`${label}: what was understood`}>
      <Menu>
        <MenuTrigger disableButtonEnhancement>
          <Button size="small" shape="circular" appearance={resolved.owner ? 'outline' : 'primary'} aria-label={`Owner: ${resolved.ownerLabel}. Change owner`}>
            {resolved.owner ? resolved.ownerLabel : 'Pick an owner'}
          </Button>
        </MenuTrigger>
        <MenuPopover>
          <MenuList>
            {owners.map((choice) => (
              <MenuItem key={choice.label} onClick={() => onChange({ owner: choice })}>
                {choice.label}
              </MenuItem>
            ))}
          </MenuList>
        </MenuPopover>
      </Menu>
      <Menu>
        <MenuTrigger disableButtonEnhancement>
          <Button size="small" shape="circular" appearance={resolved.dueAt ? 'outline' : 'primary'} aria-label={`Due: ${resolved.dueLabel ?? 'not set'}. Change due date`}>
            {resolved.dueAt ? `Due ${resolved.dueLabel}` : 'Pick a due date'}
          </Button>
        </MenuTrigger>
        <MenuPopover>
          <MenuList>
            {quickDates.map((q) => (
              <MenuItem key={q.label} onClick={() => onChange({ dueAt: q.dueAt })}>
                {q.label}
              </MenuItem>
            ))}
          </MenuList>
        </MenuPopover>
      </Menu>
      <Input
        className={styles.date}
        type="date"
        size="small"
        aria-label={`${label}: due date`}
        value={resolved.dueAt ? dateInputValue(resolved.dueAt, timeZone) : ''}
        onChange={(_, data) => data.value && onChange({ dueAt: dueHourFor(data.value) })}
      />
      <Menu
        checkedValues={{ tags: resolved.tags }}
        onCheckedValueChange={(_, data) => onChange({ tags: data.checkedItems })}
      >
        <MenuTrigger disableButtonEnhancement>
          <Button size="small" shape="circular" appearance="subtle" aria-label={`Tags: ${resolved.tags.join(', ') || 'none'}. Change tags`}>
            # {resolved.tags.length ? resolved.tags.join(' ') : 'tags'}
          </Button>
        </MenuTrigger>
        <MenuPopover>
          <MenuList>
            {[...new Set([...TAG_CHOICES.map((t) => t.tag), ...resolved.tags])].map((tag) => (
              <MenuItemCheckbox key={tag} name="tags" value={tag}>
                {TAG_CHOICES.find((t) => t.tag === tag)?.label ?? tag}
              </MenuItemCheckbox>
            ))}
          </MenuList>
        </MenuPopover>
      </Menu>
      <Button size="small" appearance="subtle" aria-label={`Remove action item ${index + 1}`} onClick={onRemove}>
        ✕
      </Button>
    </div>
  );
}
