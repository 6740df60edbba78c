/** Public lists the forms share (the catalogue, the programme countries): asked once per page load. */
const CATALOGUE = /* GraphQL */ `
  query RegisterForm {
    products { id model kind tierCap supported serialPattern serialHint }
    countries { code name maxTier }
  }`;

const COUNTRIES = /* GraphQL */ `query Countries { countries { code name maxTier } }`;

let catalogue = null;
let countries = null;

/** Products and countries (for registering an item). */
export async function loadCatalogue(api) {
  catalogue ??= await api(CATALOGUE);
  countries ??= catalogue.countries;
  return catalogue;
}

/** The countries members can join, by name (for addresses and purchases). */
export async function loadCountries(api) {
  countries ??= (await api(COUNTRIES)).countries;
  return countries;
}
