# test/crosscheck/km_survfit.R: the independent side of test/km_crosscheck.sh.
#
#   Rscript km_survfit.R textbook OUT.csv      write R's textbook data sets
#   Rscript km_survfit.R fit IN.csv OUTDIR     Kaplan-Meier of each group of IN
#
# IN.csv: grp,days,event (event t/f).  OUTDIR gets curve.csv (every observed
# time, three CI transforms), quantile.csv and rmean.csv, numbers printed
# with 17 significant digits, NA/NaN/Inf as empty fields (NULL in COPY).
suppressMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
num <- function(x) ifelse(is.finite(x), sprintf("%.17g", x), "")

if (args[1] == "textbook") {
    d <- rbind(
        data.frame(grp = "aml/maintained", days = aml$time[aml$x == "Maintained"],
                   event = aml$status[aml$x == "Maintained"] == 1),
        data.frame(grp = "aml/nonmaintained", days = aml$time[aml$x == "Nonmaintained"],
                   event = aml$status[aml$x == "Nonmaintained"] == 1),
        data.frame(grp = "lung", days = lung$time, event = lung$status == 2),
        data.frame(grp = "veteran", days = veteran$time, event = veteran$status == 1))
    d$event <- ifelse(d$event, "t", "f")
    write.csv(d, args[2], row.names = FALSE, quote = FALSE)
    quit(status = 0)
}

d <- read.csv(args[2], colClasses = c("character", "numeric", "character"))
d$event <- d$event == "t"
out <- args[3]
curves <- list(); quants <- list(); rmeans <- list()
probs <- c(0.1, 0.25, 0.5, 0.75, 0.9)
for (g in sort(unique(d$grp))) {
    x <- d[d$grp == g, ]
    for (ct in c("log", "log-log", "plain")) {
        f <- survfit(Surv(days, event) ~ 1, data = x, conf.type = ct)
        curves[[length(curves) + 1]] <- data.frame(
            grp = g, conf_type = ct, day = f$time, at_risk = f$n.risk,
            events = f$n.event, censored = f$n.censor, survival = num(f$surv),
            std_err = num(f$surv * f$std.err), lower = num(f$lower),
            upper = num(f$upper))
    }
    q <- quantile(f, probs, conf.int = FALSE)
    quants[[length(quants) + 1]] <- data.frame(grp = g, p = probs, q = num(q))
    tmax <- max(x$days)
    for (tau in unique(c(floor(tmax / 3), floor(tmax / 2), tmax))) {
        if (tau < min(x$days)) next
        tab <- summary(f, rmean = tau)$table
        rmeans[[length(rmeans) + 1]] <- data.frame(grp = g, tau = tau,
            rmean = num(tab[["rmean"]]), se = num(tab[["se(rmean)"]]))
    }
}
write.csv(do.call(rbind, curves), file.path(out, "curve.csv"), row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, quants), file.path(out, "quantile.csv"), row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, rmeans), file.path(out, "rmean.csv"), row.names = FALSE, quote = FALSE)
