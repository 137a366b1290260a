# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
ADD `
    https://example.com/downloads/tool-1.2.0.zip `
    C:\tools\tool.zip
USER ContainerUser
HEALTHCHECK CMD ["cmd", "/c", "exit 0"]
