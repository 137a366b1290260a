const params = new URLSearchParams(window.location.search);
const name = params.get('name');

// ok: vigil.js.xss-dom
document.getElementById('greeting').textContent = 'Hello ' + name;

// ok: vigil.js.xss-dom
document.getElementById('banner').innerHTML = '<b>Welcome</b>';

const list = document.querySelector('#items');
// ok: vigil.js.xss-dom
list.insertAdjacentHTML('beforeend', DOMPurify.sanitize(`<li>${name}</li>`));

// A template literal without substitutions is fixed text (vuejs/core builds <style> blocks
// so; its one with ${duration} inside stays reported).
const style = document.createElement('style');
// ok: vigil.js.xss-dom
style.innerHTML = `
  #toasts { position: absolute; bottom: 0; }
`;

// Found scanning excalidraw: markup serialised from an element already in the DOM.
const svg = document.querySelector('svg.preview');
const holder = document.createElement('div');
// ok: vigil.js.xss-dom
holder.innerHTML = svg.outerHTML;
