/**
 * Recognises the document types we accept from their first bytes (magic numbers), never from the
 * file name or the Content-Type the client sent. The well-known `file-type` package does this for
 * hundreds of types, but from v17 it is ESM-only and this service runs as CommonJS under Jest and
 * ts-node; four signatures do not justify an ESM loader.
 */

export interface DocumentType {
  mimeType: string;
  extension: string;
}

export const PDF: DocumentType = { mimeType: 'application/pdf', extension: 'pdf' };
export const PNG: DocumentType = { mimeType: 'image/png', extension: 'png' };
export const JPEG: DocumentType = { mimeType: 'image/jpeg', extension: 'jpg' };
export const TIFF: DocumentType = { mimeType: 'image/tiff', extension: 'tiff' };
export const HEIC: DocumentType = { mimeType: 'image/heic', extension: 'heic' };

export const ALLOWED_DOCUMENT_TYPES = [PDF, PNG, JPEG, TIFF, HEIC] as const;

/** Bytes needed to decide: the longest signature (HEIC's ftyp box header). */
export const SNIFF_BYTES = 12;

const startsWith = (head: Buffer, bytes: number[], offset = 0) =>
  head.length >= offset + bytes.length && bytes.every((b, i) => head[offset + i] === b);

// ISO-BMFF major brands of HEIC stills and sequences (iPhone photos). 'mif1'/'avif' are left out: AVIF shares them.
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx']);

/** The allowed type `head` (the file's first bytes) starts with, or null. */
export function sniffDocumentType(head: Buffer): DocumentType | null {
  // "%PDF-" at offset 0. (Readers tolerate junk before it; we do not, so a polyglot cannot hide behind it.)
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return PDF;
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return PNG;
  if (startsWith(head, [0xff, 0xd8, 0xff])) return JPEG;
  // Little-endian "II*\0" or big-endian "MM\0*".
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return TIFF;
  if (startsWith(head, [0x66, 0x74, 0x79, 0x70], 4) && head.length >= 12 && HEIC_BRANDS.has(head.subarray(8, 12).toString('latin1'))) {
    return HEIC;
  }
  return null;
}

/**
 * A file name safe to put in a Content-Disposition header: the client's name without its path,
 * control characters, quotes or anything outside printable ASCII in the plain `filename`, with the
 * extension of the type we detected (so a PDF is never offered as report.exe).
 */
export function safeDownloadName(original: string | null, type: DocumentType, fallback: string): { ascii: string; utf8: string } {
  const base = (original ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, '').replace(/\.[^.]*$/, '').trim().slice(0, 100);
  const stem = cleaned || fallback;
  const ascii = stem.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[^A-Za-z0-9 ._-]/g, '_').replace(/^[.\s]+/, '') || fallback;
  return { ascii: `${ascii}.${type.extension}`, utf8: `${stem}.${type.extension}` };
}

/** `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266 / RFC 8187). */
export function attachmentDisposition(name: { ascii: string; utf8: string }): string {
  const encoded = encodeURIComponent(name.utf8).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${name.ascii}"; filename*=UTF-8''${encoded}`;
}
