@echo off
rem Runs Port Zero's command line (dist\cli.js beside this folder) with the
rem Node VS Code's extension host uses (PORT_ZERO_NODE in its terminals),
rem else the first node on PATH. setlocal: nothing leaks into the calling cmd.exe.
setlocal
set "ELECTRON_RUN_AS_NODE=1"
if defined PORT_ZERO_NODE if exist "%PORT_ZERO_NODE%" (
  "%PORT_ZERO_NODE%" "%~dp0..\dist\cli.js" %*
  exit /b %ERRORLEVEL%
)
node "%~dp0..\dist\cli.js" %*
exit /b %ERRORLEVEL%
