/** `details` of an error is always an array (api.md, "Errors"): a refusal's facts become its one entry. */
export function detailsList(details: unknown): Record<string, unknown>[] {
  if (Array.isArray(details)) return details as Record<string, unknown>[];
  if (details && typeof details === 'object' && Object.keys(details).length > 0) return [details as Record<string, unknown>];
  return [];
}
