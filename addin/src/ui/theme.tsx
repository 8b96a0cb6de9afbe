import { FluentProvider, teamsHighContrastTheme, type Theme, webDarkTheme, webLightTheme } from '@fluentui/react-components';
import { type ReactNode, useEffect, useState } from 'react';
import type { HostContext, ThemeName } from '../host/types';

const THEMES: Record<ThemeName, Theme> = { light: webLightTheme, dark: webDarkTheme, contrast: teamsHighContrastTheme };

/** The root of every page: Fluent UI in the host's theme, following it live when the host changes theme. */
export function ThemedRoot({ host, children }: { host: Pick<HostContext, 'theme' | 'onThemeChange'> | null; children: ReactNode }) {
  const [theme, setTheme] = useState<ThemeName>(() => host?.theme() ?? 'light');
  useEffect(() => {
    if (!host) return;
    setTheme(host.theme());
    return host.onThemeChange(setTheme);
  }, [host]);
  return (
    <FluentProvider theme={THEMES[theme]} style={{ minHeight: '100%' }} data-theme={theme}>
      {children}
    </FluentProvider>
  );
}
