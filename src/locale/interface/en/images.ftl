## Pictures in the email (src/email_images.rs)

check-image-unreadable = the image cannot be read and goes into the email unchanged: { $problem }
check-image-heavy = the image is still { $size } after resizing (budget { $budget }); save it with stronger compression or a smaller crop
check-email-heavy = the email ({ $lang }) weighs { $size } with its images (budget { $budget }); that loads slowly on a phone. Fewer or smaller images help
