import { Button, Field, Input, makeStyles, mergeClasses, Radio, RadioGroup, Textarea, tokens } from '@fluentui/react-components';
import { type ReactNode, useState } from 'react';

/**
 * A small Adaptive Card renderer with the Fluent look, for the elements Followthrough's cards use (bot/cards.ts):
 * Container, TextBlock (with the markdown Teams renders: _emphasis_, **strong**, backslash escapes), FactSet, ActionSet
 * with Action.Execute and Action.OpenUrl, Input.Date, Input.ChoiceSet and Input.Text. Anything else is left out. An
 * Action.Execute sends its data with the card's inputs merged in (`associatedInputs: auto`), as Teams does.
 */
type Node = Record<string, unknown> & { type?: string };

const useStyles = makeStyles({
  card: { display: 'flex', flexDirection: 'column', gap: '8px', padding: '12px 16px', borderRadius: tokens.borderRadiusLarge, border: `1px solid ${tokens.colorNeutralStroke2}`, backgroundColor: tokens.colorNeutralBackground1, maxWidth: '560px' },
  container: { display: 'flex', flexDirection: 'column', gap: '6px' },
  separator: { borderTop: `1px solid ${tokens.colorNeutralStroke2}`, paddingTop: '12px', marginTop: '4px' },
  text: { margin: 0, fontSize: tokens.fontSizeBase300, lineHeight: tokens.lineHeightBase300, overflowWrap: 'anywhere' },
  small: { fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200 },
  medium: { fontSize: tokens.fontSizeBase400, lineHeight: tokens.lineHeightBase400 },
  large: { fontSize: tokens.fontSizeBase500, lineHeight: tokens.lineHeightBase500 },
  bold: { fontWeight: tokens.fontWeightSemibold },
  subtle: { color: tokens.colorNeutralForeground3 },
  good: { color: tokens.colorPaletteGreenForeground1 },
  attention: { color: tokens.colorPaletteRedForeground1 },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1 },
  accent: { color: tokens.colorBrandForeground1 },
  facts: { display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: '12px', rowGap: '2px', margin: 0 },
  factTitle: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground2 },
  factValue: { margin: 0 },
  actions: { display: 'flex', flexWrap: 'wrap', gap: '8px', paddingTop: '4px' },
});

export interface AdaptiveCardViewProps {
  card: unknown;
  /** An Action.Execute was pressed: its verb and data (inputs merged in). */
  onExecute: (verb: string, data: Record<string, unknown>) => void;
  onOpenUrl: (url: string) => void;
  busy?: boolean;
}

export function AdaptiveCardView({ card, onExecute, onOpenUrl, busy = false }: AdaptiveCardViewProps) {
  const styles = useStyles();
  const [inputs, setInputs] = useState<Record<string, string>>(() => initialInputs(card));
  const root = (card ?? {}) as Node;
  const render = (node: Node, key: string | number): ReactNode => {
    switch (node.type) {
      case 'Container':
        return (
          <div key={key} data-card-section className={mergeClasses(styles.container, node.separator === true && styles.separator)}>
            {children(node.items).map((child, i) => render(child, i))}
          </div>
        );
      case 'TextBlock':
        return (
          <p
            key={key}
            className={mergeClasses(
              styles.text,
              node.size === 'Small' && styles.small,
              node.size === 'Medium' && styles.medium,
              (node.size === 'Large' || node.size === 'ExtraLarge') && styles.large,
              node.weight === 'Bolder' && styles.bold,
              node.isSubtle === true && styles.subtle,
              node.color === 'Good' && styles.good,
              node.color === 'Attention' && styles.attention,
              node.color === 'Warning' && styles.warning,
              node.color === 'Accent' && styles.accent,
            )}
          >
            {markdown(String(node.text ?? ''))}
          </p>
        );
      case 'FactSet':
        return (
          <dl key={key} className={styles.facts}>
            {children(node.facts).map((fact, i) => [
              <dt key={`t${i}`} className={styles.factTitle}>
                {String(fact.title ?? '')}
              </dt>,
              <dd key={`v${i}`} className={styles.factValue}>
                {markdown(String(fact.value ?? ''))}
              </dd>,
            ])}
          </dl>
        );
      case 'ActionSet':
        return (
          <div key={key} className={styles.actions}>
            {children(node.actions).map((action, i) => renderAction(action, i))}
          </div>
        );
      case 'Input.Date':
      case 'Input.Text':
      case 'Input.ChoiceSet':
        return renderInput(node, key);
      default:
        return null;
    }
  };
  const renderAction = (action: Node, key: number): ReactNode => {
    const title = String(action.title ?? '');
    if (action.type === 'Action.OpenUrl') {
      return (
        <Button key={key} appearance="subtle" disabled={busy} onClick={() => onOpenUrl(String(action.url ?? ''))}>
          {title}
        </Button>
      );
    }
    if (action.type !== 'Action.Execute') return null;
    const data = (action.data && typeof action.data === 'object' ? action.data : {}) as Record<string, unknown>;
    const withInputs = action.associatedInputs !== 'none';
    return (
      <Button key={key} appearance={action.style === 'positive' ? 'primary' : 'secondary'} disabled={busy} onClick={() => onExecute(String(action.verb ?? ''), withInputs ? { ...data, ...inputs } : data)}>
        {title}
      </Button>
    );
  };
  const renderInput = (node: Node, key: string | number): ReactNode => {
    const id = String(node.id ?? '');
    const label = String(node.label ?? id);
    const value = inputs[id] ?? '';
    const set = (next: string) => setInputs((current) => ({ ...current, [id]: next }));
    if (node.type === 'Input.Date') {
      return (
        <Field key={key} label={label} required={node.isRequired === true}>
          <Input type="date" value={value} min={typeof node.min === 'string' ? node.min : undefined} onChange={(_e, d) => set(d.value)} />
        </Field>
      );
    }
    if (node.type === 'Input.ChoiceSet') {
      return (
        <Field key={key} label={label} required={node.isRequired === true}>
          <RadioGroup value={value} onChange={(_e, d) => set(d.value)}>
            {children(node.choices).map((choice) => (
              <Radio key={String(choice.value)} value={String(choice.value)} label={String(choice.title ?? choice.value)} />
            ))}
          </RadioGroup>
        </Field>
      );
    }
    return (
      <Field key={key} label={label} required={node.isRequired === true}>
        {node.isMultiline === true ? <Textarea value={value} onChange={(_e, d) => set(d.value)} /> : <Input value={value} onChange={(_e, d) => set(d.value)} />}
      </Field>
    );
  };
  return <div className={styles.card}>{children(root.body).map((node, i) => render(node, i))}</div>;
}

function children(value: unknown): Node[] {
  return Array.isArray(value) ? (value.filter((v) => v && typeof v === 'object') as Node[]) : [];
}

/** The inputs' values as the card sets them (a form shown again with what was typed). */
function initialInputs(card: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  const walk = (node: Node) => {
    if (typeof node.type === 'string' && node.type.startsWith('Input.') && typeof node.id === 'string') values[node.id] = typeof node.value === 'string' ? node.value : '';
    for (const key of ['body', 'items']) children(node[key]).forEach(walk);
  };
  walk((card ?? {}) as Node);
  return values;
}

/** The markdown subset Teams renders in TextBlocks that the cards use: `_em_`, `**strong**`, backslash escapes. */
export function markdown(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let plain = '';
  let i = 0;
  const flush = () => {
    if (plain) out.push(plain);
    plain = '';
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\\' && i + 1 < text.length) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    const strong = text.startsWith('**', i) ? closing(text, i + 2, '**') : -1;
    if (strong > 0) {
      flush();
      out.push(<strong key={out.length}>{markdown(text.slice(i + 2, strong))}</strong>);
      i = strong + 2;
      continue;
    }
    const em = c === '_' ? closing(text, i + 1, '_') : -1;
    if (em > 0) {
      flush();
      out.push(<em key={out.length}>{markdown(text.slice(i + 1, em))}</em>);
      i = em + 1;
      continue;
    }
    plain += c;
    i++;
  }
  flush();
  return out;
}

/** Where an emphasis opened at `from` closes (not escaped), or -1. */
function closing(text: string, from: number, marker: string): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (text.startsWith(marker, i)) return i > from ? i : -1;
  }
  return -1;
}
