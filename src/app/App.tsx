export function App() {
  return <main>Flowbench</main>;
}
