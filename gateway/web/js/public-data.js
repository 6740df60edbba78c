/**
 * Public lists the forms share (the catalogue, the programme countries): asked anonymously by GET
 * (graphql.js publicQuery), so caches may hold them, and once per page load and language.
 */
import { publicQuery } from './graphql.js';
import { language } from './i18n.js';

const CATALOGUE = /* GraphQL */ `
  query RegisterForm {
    products { id model kind tierCap supported serialPattern serialHint }
    countries { code name maxTier }
  }`;

const COUNTRIES = /* GraphQL */ `query Countries { countries { code name maxTier } }`;

const catalogues = new Map();
const countryLists = new Map();

/** Products and countries (for registering an item). */
export async function loadCatalogue() {
  const lang = language();
  if (!catalogues.has(lang)) catalogues.set(lang, await publicQuery(CATALOGUE));
  if (!countryLists.has(lang)) countryLists.set(lang, catalogues.get(lang).countries);
  return catalogues.get(lang);
}

/** The countries members can join (for addresses and purchases). */
export async function loadCountries() {
  const lang = language();
  if (!countryLists.has(lang)) countryLists.set(lang, (await publicQuery(COUNTRIES)).countries);
  return countryLists.get(lang);
}
