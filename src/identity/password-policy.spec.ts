import { checkPassword } from './password-policy';

describe('checkPassword', () => {
  const email = 'thandi.nkosi@clinic.example';

  it('accepts a long, uncommon password', () => {
    expect(checkPassword('violet-harbour-tractor-42', email)).toEqual([]);
  });

  it('refuses fewer than 12 characters', () => {
    expect(checkPassword('Xq7!vB2#pL9', email)).toEqual([
      { field: 'password', message: 'password must be at least 12 characters' },
    ]);
  });

  it('refuses the e-mail address or its local part', () => {
    expect(checkPassword(email, email).map((e) => e.message)).toContain('password must not contain your e-mail address');
    expect(checkPassword('Thandi.Nkosi-2026', email).map((e) => e.message)).toContain(
      'password must not contain your e-mail address',
    );
  });

  it('refuses a common password and a padded common word', () => {
    expect(checkPassword('qwerty123456', email).map((e) => e.message)).toContain(
      'password is too common; choose a less guessable password',
    );
    expect(checkPassword('Password2026!!', email).map((e) => e.message)).toContain(
      'password is too common; choose a less guessable password',
    );
  });

  it('names the field it was given', () => {
    expect(checkPassword('short', email, 'newPassword')[0].field).toBe('newPassword');
  });
});
