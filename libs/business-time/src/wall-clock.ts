const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export interface WallClock {
  hour: number;
  minute: number;
}

export function parseWallClock(text: string): WallClock | undefined {
  const match = HH_MM.exec(text);
  return match ? { hour: Number(match[1]), minute: Number(match[2]) } : undefined;
}

export function minutesOfDay(clock: WallClock): number {
  return clock.hour * 60 + clock.minute;
}
