/**
 * Makes a client-supplied string fit its column exactly as it will be stored: lone surrogates
 * replaced (the database would store U+FFFD, and the row's hash would no longer match), control
 * characters dropped, cut to `max` code points (VARCHAR counts characters, not UTF-16 units).
 */
export function fitColumn(value: string | null, max: number): string | null {
  if (value === null) return null;
  // eslint-disable-next-line no-control-regex
  const clean = value.toWellFormed().replace(/[\u0000-\u001f\u007f]/g, '');
  const codePoints = Array.from(clean);
  return codePoints.length <= max ? clean : codePoints.slice(0, max).join('');
}
