import { randomBytes } from 'node:crypto';
import { FieldCipher, FieldDecryptionError } from './field-cipher';

const PURPOSE = 'patients.identity_number';
const key = () => randomBytes(32);

describe('FieldCipher', () => {
  const k1 = key();
  const k2 = key();
  const blind = randomBytes(32);
  const cipher = new FieldCipher({ encryptionKeys: new Map([['k1', k1]]), activeKeyId: 'k1', blindIndexKey: blind });

  it('round-trips, with a fresh IV each time and the key id in the clear header', () => {
    const a = cipher.encrypt('8001015009087', PURPOSE);
    const b = cipher.encrypt('8001015009087', PURPOSE);
    expect(a.equals(b)).toBe(false);
    expect(cipher.decrypt(a, PURPOSE)).toBe('8001015009087');
    expect(a[0]).toBe(2);
    expect(a.subarray(1, 3).toString()).toBe('k1');
    expect(cipher.keyIdOf(a)).toBe('k1');
    expect(a.length).toBe(1 + 2 + 12 + 16 + 13);
    expect(a.toString('latin1')).not.toContain('8001015009087');
    expect(cipher.decrypt(cipher.encrypt('', PURPOSE), PURPOSE)).toBe('');
    expect(cipher.decrypt(cipher.encrypt('Zoë ✓', PURPOSE), PURPOSE)).toBe('Zoë ✓');
  });

  it('refuses a tampered ciphertext, tag, IV or key id', () => {
    const good = cipher.encrypt('8001015009087', PURPOSE);
    for (const index of [good.length - 1, 1 + 2 + 12 + 3, 1 + 2 + 1]) {
      const bad = Buffer.from(good);
      bad[index] ^= 0x01;
      expect(() => cipher.decrypt(bad, PURPOSE)).toThrow(FieldDecryptionError);
    }
    const renamed = Buffer.from(good);
    renamed[2] = 'x'.charCodeAt(0);
    expect(() => cipher.decrypt(renamed, PURPOSE)).toThrow(/unknown key id/);
    expect(() => cipher.decrypt(good.subarray(0, 20), PURPOSE)).toThrow(/truncated/);
    expect(() => cipher.decrypt(Buffer.alloc(0), PURPOSE)).toThrow(FieldDecryptionError);
  });

  it('refuses a ciphertext moved to another column (wrong AAD), without revealing the plaintext', () => {
    const good = cipher.encrypt('8001015009087', PURPOSE);
    expect(() => cipher.decrypt(good, 'patients.member_number')).toThrow(FieldDecryptionError);
    try {
      cipher.decrypt(good, 'patients.member_number');
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('8001015009087');
    }
  });

  it('rotates: new writes use the active key, old key ids still decrypt, removed keys do not', () => {
    const old = cipher.encrypt('A1234567', PURPOSE);
    const rotated = new FieldCipher({ encryptionKeys: new Map([['k1', k1], ['k2', k2]]), activeKeyId: 'k2', blindIndexKey: blind });
    const fresh = rotated.encrypt('A1234567', PURPOSE);
    expect(rotated.keyIdOf(fresh)).toBe('k2');
    expect(rotated.currentKeyId).toBe('k2');
    expect(rotated.decrypt(old, PURPOSE)).toBe('A1234567');
    expect(rotated.decrypt(fresh, PURPOSE)).toBe('A1234567');
    const retired = new FieldCipher({ encryptionKeys: new Map([['k2', k2]]), activeKeyId: 'k2', blindIndexKey: blind });
    expect(() => retired.decrypt(old, PURPOSE)).toThrow(/unknown key id/);
    // The same id with a different key is not the same key.
    const impostor = new FieldCipher({ encryptionKeys: new Map([['k1', key()]]), activeKeyId: 'k1', blindIndexKey: blind });
    expect(() => impostor.decrypt(old, PURPOSE)).toThrow(/authentication failed/);
  });

  it('makes blind indexes that are stable, 32 bytes, keyed, and independent of the encryption key', () => {
    const a = cipher.blindIndex('sa_id:8001015009087');
    expect(a).toHaveLength(32);
    expect(cipher.blindIndex('sa_id:8001015009087').equals(a)).toBe(true);
    expect(cipher.blindIndex('sa_id:8001015009088').equals(a)).toBe(false);
    const rotated = new FieldCipher({ encryptionKeys: new Map([['k2', k2]]), activeKeyId: 'k2', blindIndexKey: blind });
    expect(rotated.blindIndex('sa_id:8001015009087').equals(a)).toBe(true);
    const otherKey = new FieldCipher({ encryptionKeys: new Map([['k1', k1]]), activeKeyId: 'k1', blindIndexKey: randomBytes(32) });
    expect(otherKey.blindIndex('sa_id:8001015009087').equals(a)).toBe(false);
  });

  it('refuses bad key material', () => {
    expect(() => new FieldCipher({ encryptionKeys: new Map([['k', randomBytes(16)]]), activeKeyId: 'k', blindIndexKey: blind })).toThrow(/32 bytes/);
    expect(() => new FieldCipher({ encryptionKeys: new Map([['k', k1]]), activeKeyId: 'other', blindIndexKey: blind })).toThrow(/not configured/);
    expect(() => new FieldCipher({ encryptionKeys: new Map([['k', k1]]), activeKeyId: 'k', blindIndexKey: randomBytes(16) })).toThrow(/at least 32/);
  });
});
