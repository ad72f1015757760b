export function App() {
  return <main>Jetway</main>;
}
