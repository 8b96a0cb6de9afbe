import { tokens } from '@fluentui/react-components';

/**
 * A small line of weekly rates (0–1, gaps for weeks without data), drawn as SVG. Screen readers get the numbers.
 * Lighter than a chart library for what is a glance, not a chart.
 */
export function Sparkline({ values, label, width = 96, height = 24 }: { values: (number | null)[]; label: string; width?: number; height?: number }) {
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const points = values.map((v, i) => (v === null ? null : ([i * step, height - 2 - v * (height - 4)] as const)));
  const segments: string[] = [];
  let current: string[] = [];
  for (const p of points) {
    if (p) current.push(`${p[0].toFixed(1)},${p[1].toFixed(1)}`);
    else if (current.length) {
      segments.push(current.join(' '));
      current = [];
    }
  }
  if (current.length) segments.push(current.join(' '));
  const spoken = values.map((v) => (v === null ? 'no data' : `${Math.round(v * 100)}%`)).join(', ');
  return (
    <svg width={width} height={height} role="img" aria-label={`${label}: ${spoken}`} viewBox={`0 0 ${width} ${height}`}>
      <line x1={0} x2={width} y1={height - 2} y2={height - 2} stroke={tokens.colorNeutralStroke2} strokeWidth={1} />
      {segments.map((s) =>
        s.includes(' ') ? (
          <polyline key={s} points={s} fill="none" stroke={tokens.colorBrandForeground1} strokeWidth={2} strokeLinejoin="round" />
        ) : (
          <circle key={s} cx={Number(s.split(',')[0])} cy={Number(s.split(',')[1])} r={2} fill={tokens.colorBrandForeground1} />
        ),
      )}
    </svg>
  );
}
