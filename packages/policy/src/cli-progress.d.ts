// Minimal typings for the part of cli-progress this package uses (the package ships none).
declare module 'cli-progress' {
  interface BarOptions {
    format?: string;
    stream?: NodeJS.WritableStream;
    hideCursor?: boolean | null;
    clearOnComplete?: boolean;
    noTTYOutput?: boolean;
    notTTYSchedule?: number;
  }
  export class SingleBar {
    constructor(options: BarOptions, preset?: object);
    start(total: number, startValue: number, payload?: object): void;
    update(value: number, payload?: object): void;
    setTotal(total: number): void;
    stop(): void;
  }
  export const Presets: { shades_classic: object; legacy: object; rect: object };
}
