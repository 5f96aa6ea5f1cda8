import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface FieldCipherKeys {
  encryptionKeys: ReadonlyMap<string, Buffer>;
  activeKeyId: string;
  blindIndexKey: Buffer;
}

/** A ciphertext that does not open: tampered, moved to another column, or under an unknown key. No plaintext in it. */
export class FieldDecryptionError extends Error {
  constructor(reason: string) {
    super(`Cannot decrypt field: ${reason}`);
    this.name = 'FieldDecryptionError';
  }
}

/**
 * Field-level encryption of PHI (identity and medical-aid numbers) with AES-256-GCM, and keyed blind
 * indexes for exact search. Stored form: [1-byte key-id length][key id][12-byte IV][16-byte tag][ciphertext].
 * The key id travels with the value so keys can rotate (decrypt picks the key by the stored id; new
 * writes use the active key). The purpose string (e.g. 'patients.identity_number') is the AAD, so a
 * ciphertext copied into another column does not decrypt there.
 */
export class FieldCipher {
  private readonly keys: ReadonlyMap<string, Buffer>;
  private readonly activeKeyId: string;
  private readonly blindIndexKey: Buffer;

  constructor(keys: FieldCipherKeys) {
    for (const [id, key] of keys.encryptionKeys) {
      if (key.length !== 32) throw new Error(`PHI encryption key ${id} must be 32 bytes`);
      // The id travels in every value and the columns are VARBINARY(255): keep it short (config allows 1-32 characters).
      if (Buffer.byteLength(id) > 32) throw new Error('PHI key ids must be at most 32 bytes');
    }
    if (!keys.encryptionKeys.has(keys.activeKeyId)) throw new Error(`PHI active key ${keys.activeKeyId} is not configured`);
    if (keys.blindIndexKey.length < 32) throw new Error('PHI blind index key must be at least 32 bytes');
    this.keys = keys.encryptionKeys;
    this.activeKeyId = keys.activeKeyId;
    this.blindIndexKey = keys.blindIndexKey;
  }

  encrypt(plaintext: string, purpose: string): Buffer {
    const key = this.keys.get(this.activeKeyId)!;
    const keyId = Buffer.from(this.activeKeyId, 'utf8');
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(purpose, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([keyId.length]), keyId, iv, cipher.getAuthTag(), body]);
  }

  decrypt(stored: Buffer, purpose: string): string {
    if (stored.length < 1) throw new FieldDecryptionError('empty value');
    const idLength = stored[0];
    const headerLength = 1 + idLength + IV_BYTES + TAG_BYTES;
    if (idLength === 0 || stored.length < headerLength) throw new FieldDecryptionError('truncated value');
    const keyId = stored.subarray(1, 1 + idLength).toString('utf8');
    const key = this.keys.get(keyId);
    if (!key) throw new FieldDecryptionError(`unknown key id ${JSON.stringify(keyId)}`);
    const iv = stored.subarray(1 + idLength, 1 + idLength + IV_BYTES);
    const tag = stored.subarray(1 + idLength + IV_BYTES, headerLength);
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(purpose, 'utf8'));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(stored.subarray(headerLength)), decipher.final()]).toString('utf8');
    } catch {
      throw new FieldDecryptionError('authentication failed');
    }
  }

  /** The key id a stored value was encrypted with (for re-keying), or null if it has none. */
  keyIdOf(stored: Buffer): string | null {
    if (stored.length < 1 || stored[0] === 0 || stored.length < 1 + stored[0]) return null;
    return stored.subarray(1, 1 + stored[0]).toString('utf8');
  }

  get currentKeyId(): string {
    return this.activeKeyId;
  }

  /**
   * HMAC-SHA256 of an already-normalised value (e.g. 'sa_id:8001015009087'): equal inputs give equal
   * 32-byte indexes, so a UNIQUE or plain index finds a row by exact value without decrypting. The
   * caller's normalisation puts the value's kind in the input, so an SA ID and a passport never collide.
   */
  blindIndex(normalised: string): Buffer {
    return createHmac('sha256', this.blindIndexKey).update(normalised, 'utf8').digest();
  }
}
