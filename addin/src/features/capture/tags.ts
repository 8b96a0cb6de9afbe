/** The tags with a meaning of their own, as the controls offer them. */
export const TAG_CHOICES = [
  { tag: 'next-step', label: 'Next step' },
  { tag: 'map-milestone', label: 'Mutual plan milestone' },
  { tag: 'prospecting', label: 'Prospecting' },
  { tag: 'internal', label: 'Internal' },
] as const;
