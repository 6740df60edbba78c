import { describe, expect, it } from 'vitest';
import { acceptedLanguages, mergeContentLanguages, negotiateLanguage, RequestLanguage } from '../languages';

const PROGRAMME = ['en', 'de', 'fr'];

describe('Accept-Language', () => {
  it('orders languages by quality, keeps ties in the client\'s order and reads de-AT as de', () => {
    expect(acceptedLanguages('fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5')).toEqual(['fr', 'en', 'de', '*']);
    expect(acceptedLanguages('de;q=0.5, fr;q=0.9, en')).toEqual(['en', 'fr', 'de']);
    expect(negotiateLanguage('de-AT', PROGRAMME)).toBe('de');
  });

  it('q=0 refuses a language; a malformed part is skipped, never an error', () => {
    expect(negotiateLanguage('de;q=0, fr;q=0.1', PROGRAMME)).toBe('fr');
    expect(acceptedLanguages('de;q=2, ;;, en-GB;q=0.3, 12-ab, fr;level=1')).toEqual(['en']);
    expect(acceptedLanguages(undefined)).toEqual([]);
  });

  it('names no language of the programme: null, so the member\'s own language decides (also for *)', () => {
    expect(negotiateLanguage('pl, ja;q=0.5', PROGRAMME)).toBeNull();
    expect(negotiateLanguage('*', PROGRAMME)).toBeNull();
  });
});

describe('a request\'s language', () => {
  it('the request decides, then the first preference the programme has, then English; each choice is recorded', () => {
    expect(new RequestLanguage('fr').choose(PROGRAMME, 'de')).toBe('fr');
    const request = new RequestLanguage('pl');
    expect(request.choose(PROGRAMME, 'pl', 'de')).toBe('de');
    expect(request.choose(PROGRAMME, null, 'it')).toBe('en');
    expect(request.languagesUsed()).toEqual(['de', 'en']);
  });

  it('the gateway merges its subgraphs\' Content-Language values without repeats', () => {
    expect(mergeContentLanguages(['de', 'de, en', undefined, 'EN'])).toEqual(['de', 'en']);
  });
});
