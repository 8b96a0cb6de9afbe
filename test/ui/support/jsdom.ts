// What jsdom lacks and the task pane (React 19 + Fluent UI v9) reaches for. Imported first by every UI test.
// Each polyfill is installed only when missing, so a newer jsdom that has the real thing keeps it.
import { randomUUID } from 'node:crypto';

const g = globalThis as any;

if (typeof window.matchMedia !== 'function') {
  // Fluent asks for prefers-reduced-motion, forced-colors and the like: answer "no match" and accept listeners.
  window.matchMedia = (query: string): MediaQueryList =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

if (typeof g.ResizeObserver !== 'function') {
  g.ResizeObserver = class ResizeObserver {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}

if (typeof Element.prototype.scrollIntoView !== 'function') {
  Element.prototype.scrollIntoView = function scrollIntoView(): void {};
}

if (typeof g.crypto?.randomUUID !== 'function') {
  // Node's WebCrypto has it; jsdom's window.crypto may not.
  Object.defineProperty(g.crypto ?? (g.crypto = {}), 'randomUUID', { value: randomUUID, configurable: true });
}

// One known warning is left out of the output: the deal picker's Combobox gets `value={undefined}` until the suggested
// deal has loaded, then a string, and React and Fluent both warn that an uncontrolled input became controlled. It is
// harmless (reported, not fixed here: test/ui may not edit the pages) and would otherwise flood every test's output.
// Every other console.error still shows.
const consoleError = console.error.bind(console);
console.error = (...args: unknown[]) => {
  const text = args.map(String).join(' ');
  if (/changing an uncontrolled (input|value) to be controlled/.test(text)) return;
  consoleError(...args);
};
