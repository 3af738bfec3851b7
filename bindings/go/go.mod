module secretvault

go 1.19
