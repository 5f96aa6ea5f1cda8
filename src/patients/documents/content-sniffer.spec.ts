import { attachmentDisposition, HEIC, JPEG, PDF, PNG, safeDownloadName, sniffDocumentType, TIFF } from './content-sniffer';

const bytes = (...values: number[]) => Buffer.from(values);

describe('sniffDocumentType', () => {
  it('recognises the allowed types from their signatures', () => {
    expect(sniffDocumentType(Buffer.from('%PDF-1.7\n%âãÏÓ\n', 'latin1'))).toBe(PDF);
    expect(sniffDocumentType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13))).toBe(PNG);
    expect(sniffDocumentType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46))).toBe(JPEG);
    expect(sniffDocumentType(bytes(0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0))).toBe(TIFF);
    expect(sniffDocumentType(bytes(0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8))).toBe(TIFF);
    expect(sniffDocumentType(Buffer.concat([bytes(0, 0, 0, 0x18), Buffer.from('ftypheic')]))).toBe(HEIC);
  });

  it('refuses what only claims to be an allowed type', () => {
    expect(sniffDocumentType(Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'))).toBeNull(); // a Windows executable
    expect(sniffDocumentType(Buffer.from('<!DOCTYPE html><script>alert(1)</script>'))).toBeNull();
    expect(sniffDocumentType(Buffer.from('  %PDF-1.4'))).toBeNull(); // junk before the signature
    expect(sniffDocumentType(Buffer.from('%PD'))).toBeNull(); // too short to tell
    expect(sniffDocumentType(Buffer.concat([bytes(0, 0, 0, 0x1c), Buffer.from('ftypavif')]))).toBeNull();
    expect(sniffDocumentType(Buffer.alloc(0))).toBeNull();
  });
});

describe('safeDownloadName', () => {
  it('keeps a plain name and forces the detected extension', () => {
    expect(safeDownloadName('lab-results.pdf', PDF, 'document')).toEqual({ ascii: 'lab-results.pdf', utf8: 'lab-results.pdf' });
    expect(safeDownloadName('scan.exe', PNG, 'document').ascii).toBe('scan.png');
  });

  it('drops paths, quotes and control characters; transliterates for the ASCII name', () => {
    expect(safeDownloadName('C:\\Users\\x\\..\\"evil"\r\n.pdf', PDF, 'document').ascii).toBe('evil.pdf');
    expect(safeDownloadName('../../etc/passwd', PDF, 'document').ascii).toBe('passwd.pdf');
    expect(safeDownloadName('Résumé Ñandú.pdf', PDF, 'document')).toEqual({ ascii: 'Resume Nandu.pdf', utf8: 'Résumé Ñandú.pdf' });
  });

  it('falls back when nothing is left', () => {
    expect(safeDownloadName(null, JPEG, 'document-1').ascii).toBe('document-1.jpg');
    expect(safeDownloadName('"".pdf', PDF, 'document-1').ascii).toBe('document-1.pdf');
  });
});

describe('attachmentDisposition', () => {
  it('gives both the ASCII and the UTF-8 name', () => {
    expect(attachmentDisposition({ ascii: 'Resume.pdf', utf8: 'Résumé.pdf' })).toBe(
      `attachment; filename="Resume.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9.pdf`,
    );
  });
});
