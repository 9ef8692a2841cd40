/** The service's notion of "now": real time, or the operator's sandbox clock (api.md, "Time"). */
export abstract class ServiceClock {
  abstract now(): Promise<Date>;
}
