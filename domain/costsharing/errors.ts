/** Input that no quote can be made from (the API maps it to 422, naming the field). */
export class CostSharingError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'CostSharingError';
  }
}
