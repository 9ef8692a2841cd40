/** The earliest of these instants; undefined when none is set. */
export function earliest(...instants: (Date | null | undefined)[]): Date | undefined {
  let first: Date | undefined;
  for (const at of instants) if (at instanceof Date && (!first || at.getTime() < first.getTime())) first = at;
  return first;
}

