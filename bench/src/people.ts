import type { Random } from './random';

/**
 * Names and addresses that look like the programme's members: a few real cities per country,
 * postal codes of the country's shape, and a share of members per country that follows the size
 * of each market. Countries not listed here (added to the rules later) get a small share and a
 * generic address, so a new country never breaks the seeder.
 */
interface CountryPeople {
  weight: number;
  cities: string[];
  postal: string; // '#' = digit, 'A' = capital letter, anything else is copied
  street: string[]; // street name parts: '{n}' is replaced by a name
}

const GERMANIC = ['{n}straße', '{n}weg', '{n}gasse', 'Am {n}platz'];
const ROMANCE = ['Via {n}', 'Rue {n}', 'Calle {n}', 'Avenida {n}'];
const NORDIC = ['{n}gatan', '{n}vej', '{n}veien', '{n}katu'];
const ENGLISH = ['{n} Street', '{n} Road', '{n} Lane', '{n} Avenue'];
const SLAVIC = ['ul. {n}', '{n}ova', 'ulica {n}', '{n}ská'];

export const COUNTRY_PEOPLE: Readonly<Record<string, CountryPeople>> = {
  DE: { weight: 180, cities: ['Berlin', 'München', 'Hamburg', 'Köln', 'Frankfurt am Main', 'Leipzig'], postal: '#####', street: GERMANIC },
  GB: { weight: 140, cities: ['London', 'Manchester', 'Birmingham', 'Glasgow', 'Leeds', 'Bristol'], postal: 'AA# #AA', street: ENGLISH },
  FR: { weight: 120, cities: ['Paris', 'Lyon', 'Marseille', 'Toulouse', 'Bordeaux', 'Lille'], postal: '#####', street: ROMANCE },
  IT: { weight: 90, cities: ['Roma', 'Milano', 'Napoli', 'Torino', 'Bologna', 'Firenze'], postal: '#####', street: ROMANCE },
  ES: { weight: 80, cities: ['Madrid', 'Barcelona', 'Valencia', 'Sevilla', 'Bilbao'], postal: '#####', street: ROMANCE },
  NL: { weight: 50, cities: ['Amsterdam', 'Rotterdam', 'Utrecht', 'Den Haag', 'Eindhoven'], postal: '#### AA', street: GERMANIC },
  PL: { weight: 50, cities: ['Warszawa', 'Kraków', 'Wrocław', 'Gdańsk', 'Poznań'], postal: '##-###', street: SLAVIC },
  RU: { weight: 40, cities: ['Moskva', 'Sankt-Peterburg', 'Kazan', 'Novosibirsk'], postal: '######', street: SLAVIC },
  SE: { weight: 30, cities: ['Stockholm', 'Göteborg', 'Malmö', 'Uppsala'], postal: '### ##', street: NORDIC },
  BE: { weight: 30, cities: ['Bruxelles', 'Antwerpen', 'Gent', 'Liège'], postal: '####', street: ROMANCE },
  CH: { weight: 30, cities: ['Zürich', 'Genève', 'Basel', 'Bern', 'Lausanne'], postal: '####', street: GERMANIC },
  AT: { weight: 30, cities: ['Wien', 'Graz', 'Linz', 'Salzburg', 'Innsbruck'], postal: '####', street: GERMANIC },
  ZA: { weight: 25, cities: ['Johannesburg', 'Cape Town', 'Durban', 'Pretoria'], postal: '####', street: ENGLISH },
  DK: { weight: 20, cities: ['København', 'Aarhus', 'Odense', 'Aalborg'], postal: '####', street: NORDIC },
  NO: { weight: 20, cities: ['Oslo', 'Bergen', 'Trondheim', 'Stavanger'], postal: '####', street: NORDIC },
  FI: { weight: 18, cities: ['Helsinki', 'Espoo', 'Tampere', 'Turku'], postal: '#####', street: NORDIC },
  PT: { weight: 18, cities: ['Lisboa', 'Porto', 'Braga', 'Coimbra'], postal: '####-###', street: ROMANCE },
  CZ: { weight: 18, cities: ['Praha', 'Brno', 'Ostrava', 'Plzeň'], postal: '### ##', street: SLAVIC },
  HU: { weight: 15, cities: ['Budapest', 'Debrecen', 'Szeged', 'Pécs'], postal: '####', street: SLAVIC },
  IE: { weight: 12, cities: ['Dublin', 'Cork', 'Galway', 'Limerick'], postal: 'A## AAAA', street: ENGLISH },
  LU: { weight: 4, cities: ['Luxembourg', 'Esch-sur-Alzette'], postal: '####', street: ROMANCE },
  // Silver-only countries
  TR: { weight: 25, cities: ['İstanbul', 'Ankara', 'İzmir', 'Bursa'], postal: '#####', street: ['{n} Caddesi', '{n} Sokak'] },
  UA: { weight: 15, cities: ['Kyiv', 'Lviv', 'Odesa', 'Kharkiv'], postal: '#####', street: SLAVIC },
  RO: { weight: 12, cities: ['București', 'Cluj-Napoca', 'Timișoara', 'Iași'], postal: '######', street: ['Strada {n}', 'Bulevardul {n}'] },
  AE: { weight: 10, cities: ['Dubai', 'Abu Dhabi', 'Sharjah'], postal: '#####', street: ['{n} Street', '{n} Road'] },
  HR: { weight: 6, cities: ['Zagreb', 'Split', 'Rijeka'], postal: '#####', street: SLAVIC },
  KZ: { weight: 6, cities: ['Almaty', 'Astana', 'Shymkent'], postal: '######', street: SLAVIC },
  SI: { weight: 4, cities: ['Ljubljana', 'Maribor'], postal: '####', street: SLAVIC },
  LT: { weight: 4, cities: ['Vilnius', 'Kaunas'], postal: 'LT-#####', street: SLAVIC },
  LV: { weight: 3, cities: ['Rīga', 'Daugavpils'], postal: 'LV-####', street: SLAVIC },
  EE: { weight: 3, cities: ['Tallinn', 'Tartu'], postal: '#####', street: NORDIC },
};

const UNLISTED: CountryPeople = { weight: 3, cities: ['Capital City'], postal: '#####', street: ENGLISH };

export const peopleOf = (code: string): CountryPeople => COUNTRY_PEOPLE[code] ?? UNLISTED;

const FIRST = [
  'Anna', 'Lukas', 'Sophie', 'Jonas', 'Emma', 'Luca', 'Marie', 'Mateo', 'Olivia', 'Noah', 'Julia', 'Elias',
  'Chloé', 'Hugo', 'Giulia', 'Marco', 'Lucía', 'Pablo', 'Freja', 'Oskar', 'Zofia', 'Jakub', 'Aisha', 'Omar',
  'Ingrid', 'Erik', 'Eva', 'Tomás', 'Niamh', 'Sean', 'Ana', 'João', 'Elif', 'Emre', 'Olena', 'Taras',
  'Thandiwe', 'Sipho', 'Katarzyna', 'Piotr', 'Lea', 'Finn', 'Isabel', 'Andrei', 'Ioana', 'Mia', 'Leon', 'Sara',
];
const LAST = [
  'Schmidt', 'Müller', 'Smith', 'Jones', 'Martin', 'Bernard', 'Rossi', 'Russo', 'García', 'Fernández', 'de Vries',
  'Jansen', 'Nowak', 'Kowalski', 'Ivanov', 'Smirnov', 'Andersson', 'Nielsen', 'Hansen', 'Virtanen', 'Silva',
  'Santos', 'Novák', 'Nagy', 'Murphy', 'Kelly', 'Dubois', 'Peeters', 'Meier', 'Gruber', 'Yılmaz', 'Kaya',
  'Shevchenko', 'Popescu', 'Horvat', 'Nkosi', 'Dlamini', 'Al Mansouri', 'Tamm', 'Kazlauskas', 'Bērziņš', 'Novak',
];
const STREET_NAMES = ['Linden', 'Garibaldi', 'Victoria', 'Mozart', 'Kastanien', 'Oak', 'Mayor', 'Nord', 'Bahnhof', 'Park', 'Rosen', 'Mill'];

export interface Person {
  name: string;
  email: string;
  street: string;
  postalCode: string;
  city: string;
}

function shape(template: string, random: Random): string {
  let out = '';
  for (const c of template) {
    if (c === '#') out += String(random.int(0, 9));
    else if (c === 'A') out += String.fromCharCode(65 + random.int(0, 25));
    else out += c;
  }
  return out;
}

/** A member's name, unique e-mail address (the member id is in it) and postal address. */
export function person(memberId: number, countryCode: string, random: Random): Person {
  const people = peopleOf(countryCode);
  const first = random.pick(FIRST);
  const last = random.pick(LAST);
  const local = `${first}.${last}`
    .normalize('NFD')
    .replace(/[^A-Za-z.]/g, '')
    .toLowerCase();
  return {
    name: `${first} ${last}`,
    email: `${local}.${memberId}@example.org`,
    street: `${random.pick(people.street).replace('{n}', random.pick(STREET_NAMES))} ${random.int(1, 180)}`,
    postalCode: shape(people.postal, random),
    city: random.pick(people.cities),
  };
}
