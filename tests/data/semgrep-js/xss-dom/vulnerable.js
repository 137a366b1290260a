const params = new URLSearchParams(window.location.search);
const name = params.get('name');

// ruleid: vigil.js.xss-dom
document.getElementById('greeting').innerHTML = '<b>Hello ' + name + '</b>';

// ruleid: vigil.js.xss-dom
document.write(`<p>${location.hash.slice(1)}</p>`);

const list = document.querySelector('#items');
// ruleid: vigil.js.xss-dom
list.insertAdjacentHTML('beforeend', `<li>${name}</li>`);
