// Placeholder entry point; commands are registered as their stages land.
export async function main(argv: string[]): Promise<number> {
  console.error(`medgrade: no commands yet (${argv.join(' ')})`);
  return 2;
}
