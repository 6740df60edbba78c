// @cps/bench: the population seeder and the benchmark (CLIs: dist/seed.js, dist/bench.js).
export { seedPopulation, type SeedOptions, type SeedResult } from './seed-population';
export { PopulationGenerator, type CatalogueProduct, type PopulationStats } from './population';
