const params = new URLSearchParams(window.location.search);
const name = params.get('name');

// ok: vigil.js.xss-dom
document.getElementById('greeting').textContent = 'Hello ' + name;

// ok: vigil.js.xss-dom
document.getElementById('banner').innerHTML = '<b>Welcome</b>';

const list = document.querySelector('#items');
// ok: vigil.js.xss-dom
list.insertAdjacentHTML('beforeend', DOMPurify.sanitize(`<li>${name}</li>`));
